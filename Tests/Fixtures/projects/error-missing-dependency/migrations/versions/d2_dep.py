"""depends on nothing

Revision ID: d2
Revises: d1
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'd2'
down_revision = 'd1'
branch_labels = None
depends_on = 'dddddddddddd'


def upgrade():
    pass


def downgrade():
    pass
