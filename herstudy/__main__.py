from herstudy.cli import app

app(prog_name="herstudy")
