"""child

Revision ID: c5
Revises: c4
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'c5'
down_revision = 'c4'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
