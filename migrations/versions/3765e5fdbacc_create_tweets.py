"""create tweets

Tweets keep the id given by the source API; the raw API payload goes to
the jsonb metadata column, searchable through a GIN index.

Revision ID: 3765e5fdbacc
Revises: e0e08f836226
Create Date: 2025-03-06 10:02:55.640271

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '3765e5fdbacc'
down_revision: Union[str, Sequence[str], None] = 'e0e08f836226'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'tweets',
        sa.Column('id', sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column('dataset_id', sa.BigInteger(), nullable=False),
        sa.Column('author_handle', sa.String(length=50), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('lang', sa.String(length=8), nullable=True),
        sa.Column('retweet_count', sa.Integer(), server_default=sa.text('0'), nullable=False),
        sa.Column('like_count', sa.Integer(), server_default=sa.text('0'), nullable=False),
        sa.Column('posted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('metadata', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
        sa.ForeignKeyConstraint(['dataset_id'], ['datasets.id'], name='fk_tweets_dataset_id_datasets', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('dataset_id', 'id', name='pk_tweets'),
    )
    op.create_index('ix_tweets_dataset_id_posted_at', 'tweets', ['dataset_id', 'posted_at'])
    op.create_index('ix_tweets_author_handle', 'tweets', ['author_handle'])
    op.create_index(
        'ix_tweets_metadata',
        'tweets',
        ['metadata'],
        postgresql_using='gin',
        postgresql_ops={'metadata': 'jsonb_path_ops'},
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_tweets_metadata', table_name='tweets')
    op.drop_index('ix_tweets_author_handle', table_name='tweets')
    op.drop_index('ix_tweets_dataset_id_posted_at', table_name='tweets')
    op.drop_table('tweets')
