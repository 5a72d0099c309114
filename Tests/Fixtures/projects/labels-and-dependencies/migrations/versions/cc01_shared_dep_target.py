"""side revision only depended upon

Revision ID: cc01
Revises: aa02
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = 'cc01'
down_revision = 'aa02'
branch_labels = ['side']
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
