"""core next

Revision ID: aa02
Revises: aa01
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'aa02'
down_revision = 'aa01'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
