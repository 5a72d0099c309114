"""expand branch"""
EXPAND_BRANCH = "expand"
revision = "n2"
down_revision = "n1"
branch_labels = (EXPAND_BRANCH,)
