"""create analysis results

One row per analyzer run on a tweet: sentiment score, topic labels and the
analyzer's raw output.

Revision ID: 80ac10fa0aad
Revises: 3765e5fdbacc
Create Date: 2025-03-11 16:45:19.002913

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '80ac10fa0aad'
down_revision: Union[str, Sequence[str], None] = '3765e5fdbacc'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'analysis_results',
        sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
        sa.Column('dataset_id', sa.BigInteger(), nullable=False),
        sa.Column('tweet_id', sa.BigInteger(), nullable=False),
        sa.Column('analyzer', sa.String(length=64), nullable=False),
        sa.Column('analyzer_version', sa.String(length=32), server_default=sa.text("'1'"), nullable=False),
        sa.Column('sentiment_score', sa.Numeric(precision=5, scale=4), nullable=True),
        sa.Column('topics', postgresql.ARRAY(sa.Text()), server_default=sa.text("'{}'::text[]"), nullable=False),
        sa.Column('payload', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.CheckConstraint('sentiment_score BETWEEN -1 AND 1', name='ck_analysis_results_sentiment_range'),
        sa.ForeignKeyConstraint(
            ['dataset_id', 'tweet_id'],
            ['tweets.dataset_id', 'tweets.id'],
            name='fk_analysis_results_tweet',
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name='pk_analysis_results'),
        sa.UniqueConstraint('dataset_id', 'tweet_id', 'analyzer', name='uq_analysis_results_tweet_analyzer'),
    )
    op.create_index('ix_analysis_results_analyzer_created_at', 'analysis_results', ['analyzer', 'created_at'])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_analysis_results_analyzer_created_at', table_name='analysis_results')
    op.drop_table('analysis_results')
