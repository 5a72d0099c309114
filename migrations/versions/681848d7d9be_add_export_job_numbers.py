"""add export job numbers

Human-friendly job numbers from a dedicated sequence (not owned by the
column, so the downgrade drops it explicitly).

Revision ID: 681848d7d9be
Revises: 09d708515acc
Create Date: 2025-03-19 15:48:50.927734

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '681848d7d9be'
down_revision: Union[str, Sequence[str], None] = '09d708515acc'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

job_number_seq = sa.Sequence('export_job_number_seq', start=1000)


def upgrade() -> None:
    """Upgrade schema."""
    op.execute(sa.schema.CreateSequence(job_number_seq))
    op.add_column(
        'export_jobs',
        sa.Column(
            'job_number',
            sa.BigInteger(),
            server_default=sa.text("nextval('export_job_number_seq')"),
            nullable=False,
        ),
    )
    op.create_unique_constraint('uq_export_jobs_job_number', 'export_jobs', ['job_number'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_constraint('uq_export_jobs_job_number', 'export_jobs', type_='unique')
    op.drop_column('export_jobs', 'job_number')
    op.execute(sa.schema.DropSequence(job_number_seq))
