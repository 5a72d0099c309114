"""create search history

Written on the search feature branch, in parallel with export jobs.

Revision ID: ca4e83c72912
Revises: 80ac10fa0aad
Create Date: 2025-03-17 11:20:33.771405

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = 'ca4e83c72912'
down_revision: Union[str, Sequence[str], None] = '80ac10fa0aad'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'search_history',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column('user_id', sa.BigInteger(), nullable=False),
        sa.Column('dataset_id', sa.BigInteger(), nullable=True),
        sa.Column('query', sa.Text(), nullable=False),
        sa.Column('filters', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.Column('result_count', sa.Integer(), nullable=True),
        sa.Column('searched_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='fk_search_history_user_id_users', ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name='fk_search_history_dataset_id_datasets', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name='pk_search_history'),
    )
    op.create_index(
        'ix_search_history_user_id_searched_at',
        'search_history',
        ['user_id', sa.text('searched_at DESC')],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_search_history_user_id_searched_at', table_name='search_history')
    op.drop_table('search_history')
