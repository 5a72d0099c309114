"""ids after functions: café ☕"""


def upgrade():
    revision = "not-this-one"


def downgrade():
    pass


revision = "a3b4c5d6e7f8"
down_revision = "92a3b4c5d6e7"  # trailing comment
