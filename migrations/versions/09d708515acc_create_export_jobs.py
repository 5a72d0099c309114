"""create export jobs

Written on the export feature branch.  The job status is a PostgreSQL
ENUM type, created and dropped explicitly.

Revision ID: 09d708515acc
Revises: 80ac10fa0aad
Create Date: 2025-03-18 09:05:12.310577

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '09d708515acc'
down_revision: Union[str, Sequence[str], None] = '80ac10fa0aad'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

export_job_status = postgresql.ENUM(
    'pending', 'running', 'completed', 'failed', 'cancelled',
    name='export_job_status',
    create_type=False,
)


def upgrade() -> None:
    """Upgrade schema."""
    export_job_status.create(op.get_bind())
    op.create_table(
        'export_jobs',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column('user_id', sa.BigInteger(), nullable=False),
        sa.Column('dataset_id', sa.BigInteger(), nullable=False),
        sa.Column('status', export_job_status, server_default=sa.text("'pending'::export_job_status"), nullable=False),
        sa.Column('format', sa.String(length=16), server_default=sa.text("'csv'"), nullable=False),
        sa.Column('file_path', sa.Text(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('requested_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("format IN ('csv', 'jsonl', 'parquet')", name='ck_export_jobs_format'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_export_jobs_user_id_users', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name='fk_export_jobs_dataset_id_datasets', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_export_jobs'),
    )
    # the worker polls only unfinished jobs
    op.create_index(
        'ix_export_jobs_open',
        'export_jobs',
        ['requested_at'],
        postgresql_where=sa.text("status IN ('pending', 'running')"),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_export_jobs_open', table_name='export_jobs')
    op.drop_table('export_jobs')
    export_job_status.drop(op.get_bind())
