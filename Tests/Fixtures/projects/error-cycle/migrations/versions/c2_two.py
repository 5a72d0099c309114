"""two

Revision ID: c2
Revises: c1
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'c2'
down_revision = 'c1'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
