"""create datasets

A dataset is a named collection of tweets owned by one user.

Revision ID: e0e08f836226
Revises: fe2644435953
Create Date: 2025-03-04 14:30:07.118934

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'e0e08f836226'
down_revision: Union[str, Sequence[str], None] = 'fe2644435953'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'datasets',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column('owner_id', sa.BigInteger(), nullable=False),
        sa.Column('name', sa.String(length=128), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('tweet_count', sa.Integer(), server_default=sa.text('0'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.CheckConstraint('tweet_count >= 0', name='ck_datasets_tweet_count_positive'),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name='fk_datasets_owner_id_users', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name='pk_datasets'),
        sa.UniqueConstraint('owner_id', 'name', name='uq_datasets_owner_id_name'),
    )
    op.create_index('ix_datasets_owner_id', 'datasets', ['owner_id'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_datasets_owner_id', table_name='datasets')
    op.drop_table('datasets')
