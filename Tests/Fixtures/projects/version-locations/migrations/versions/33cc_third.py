"""third, back in the main directory

Revision ID: 33cc
Revises: 22bb
Create Date: 2024-05-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '33cc'
down_revision = '22bb'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
