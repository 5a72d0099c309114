"""create system configuration

Key/value settings editable by administrators, seeded with defaults.

Revision ID: 680bd8b96672
Revises: 3750688780f4
Create Date: 2025-03-24 08:37:26.455190

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = '680bd8b96672'
down_revision: Union[str, Sequence[str], None] = '3750688780f4'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    system_configuration = op.create_table(
        'system_configuration',
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('value', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('updated_by', sa.BigInteger(), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
        sa.ForeignKeyConstraint(['updated_by'], ['users.id'], name='fk_system_configuration_updated_by_users', ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('key', name='pk_system_configuration'),
    )
    op.bulk_insert(
        system_configuration,
        [
            {'key': 'export.max_rows', 'value': 1000000, 'description': 'Largest export a user may request'},
            {'key': 'analysis.default_analyzers', 'value': ['sentiment', 'topics'], 'description': 'Analyzers run on import'},
            {'key': 'search.history_days', 'value': 90, 'description': 'Days of search history kept per user'},
        ],
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('system_configuration')
