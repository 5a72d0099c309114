"""core uses side

Revision ID: aa03
Revises: aa02
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'aa03'
down_revision = 'aa02'
branch_labels = None
depends_on = ['cc01', 'aa01']


def upgrade():
    pass


def downgrade():
    pass
