"""own parent

Revision ID: s2
Revises: s2
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 's2'
down_revision = 's2'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
