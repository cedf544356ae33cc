"""One timed build of our pipeline, in its own process: prints its phases as JSON."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from generator import build as pipeline, mkdocs_site as site


def main(project: Path) -> None:
    paths = pipeline.Paths.from_project(project)
    started = time.perf_counter()
    dataset, report = pipeline.generate(paths)
    generated = time.perf_counter()
    site.build_website(paths.config, project / "site", pipeline.build_epoch(dataset))
    built = time.perf_counter()
    print(json.dumps({"generator_s": generated - started, "mkdocs_s": built - generated,
                      "pages_written": len(report.written)}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
