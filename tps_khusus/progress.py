"""A one-line progress bar for management commands run on a terminal."""

from django.core.management.base import OutputWrapper


class ProgressBar:
    """Redrawn in place; `labels` names the stages a caller reports (stage key -> text)."""

    def __init__(self, stream, labels: dict | None = None, width: int = 30):
        self.stream = stream
        self.labels = labels or {}
        self.width = width
        self.last = None

    def _write(self, text: str) -> None:
        if isinstance(self.stream, OutputWrapper):  # it would end every redraw with a new line
            self.stream.write(text, ending="")
        else:
            self.stream.write(text)
        self.stream.flush()

    def __call__(self, stage: str, done: int, total: int) -> None:
        share = min(done / total, 1) if total else 1
        filled = int(self.width * share)
        label = str(self.labels.get(stage, stage))
        line = f"\r{label:<16} [{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%} {done}/{total}"
        if line != self.last:
            self._write(line)
            self.last = line

    def close(self) -> None:
        if self.last is not None:
            self._write("\n")
