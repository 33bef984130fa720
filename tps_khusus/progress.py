"""A one-line progress bar for management commands run on a terminal."""


class ProgressBar:
    """Redrawn in place; `labels` names the stages a caller reports (stage key -> text)."""

    def __init__(self, stream, labels: dict | None = None, width: int = 30):
        self.stream = stream
        self.labels = labels or {}
        self.width = width
        self.last = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        share = min(done / total, 1) if total else 1
        filled = int(self.width * share)
        label = str(self.labels.get(stage, stage))
        line = f"\r{label:<16} [{'#' * filled}{'.' * (self.width - filled)}] {share:4.0%} {done}/{total}"
        if line != self.last:
            self.stream.write(line)
            self.stream.flush()
            self.last = line

    def close(self) -> None:
        if self.last is not None:
            self.stream.write("\n")
            self.stream.flush()
