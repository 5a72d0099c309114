"""add dataset statistics view and triggers

A view aggregating tweets and sentiment per dataset, a trigger keeping
datasets.updated_at current, and a full-text index on tweet text.

Revision ID: a286efac1e06
Revises: 680bd8b96672
Create Date: 2025-04-02 13:14:58.802264

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'a286efac1e06'
down_revision: Union[str, Sequence[str], None] = '680bd8b96672'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.execute(
        """
        CREATE FUNCTION set_updated_at() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END;
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER trg_datasets_set_updated_at
        BEFORE UPDATE ON datasets
        FOR EACH ROW EXECUTE FUNCTION set_updated_at()
        """
    )
    op.execute(
        """
        CREATE VIEW dataset_statistics AS
        SELECT d.id AS dataset_id,
               d.name,
               count(DISTINCT t.id) AS tweets,
               count(r.id) AS analysis_results,
               avg(r.sentiment_score) AS mean_sentiment,
               max(t.posted_at) AS latest_tweet_at
        FROM datasets d
        LEFT JOIN tweets t ON t.dataset_id = d.id
        LEFT JOIN analysis_results r ON r.dataset_id = t.dataset_id AND r.tweet_id = t.id
        GROUP BY d.id, d.name
        """
    )
    op.create_index(
        'ix_tweets_text_fts',
        'tweets',
        [sa.text("to_tsvector('english'::regconfig, text)")],
        postgresql_using='gin',
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_tweets_text_fts', table_name='tweets')
    op.execute('DROP VIEW dataset_statistics')
    op.execute('DROP TRIGGER trg_datasets_set_updated_at ON datasets')
    op.execute('DROP FUNCTION set_updated_at()')
