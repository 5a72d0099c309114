"""merge as list"""
revision = "708192a3b4c5"
down_revision = ["5e6f708192a3", "6f708192a3b4"]
