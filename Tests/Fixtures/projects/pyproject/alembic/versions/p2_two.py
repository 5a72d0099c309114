"""two

Revision ID: p2
Revises: p1
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'p2'
down_revision = 'p1'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
