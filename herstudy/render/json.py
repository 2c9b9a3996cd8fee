"""``--format json``: the view's data, with the data file's own keys (docs/json.md)."""

from __future__ import annotations

import json

from herstudy.doc import View
from herstudy.text import json_controls


def render_json(view: View, ascii: bool = False) -> str:
    return json_controls(json.dumps(view.data, indent=2, ensure_ascii=ascii)) + "\n"
