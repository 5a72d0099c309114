"""multiline tuple with comments"""
revision = "92a3b4c5d6e7"
down_revision = (
    # only one parent, still a tuple
    "8192a3b4c5d6",  # the crlf one
)
branch_labels = None
