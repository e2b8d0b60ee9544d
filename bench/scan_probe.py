"""``python -m bench.scan_probe PHOTO``: scan one photo in this fresh process; print JSON figures.

Wall and CPU time of the scan, and the peak memory of this process and of its
largest child (Tesseract).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(path: str) -> None:
    from followup_gui.services.contacts.scan import scan_card

    start, cpu = time.perf_counter(), time.process_time()
    scan = scan_card(Path(path), region="US")
    wall = time.perf_counter() - start
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu_self": time.process_time() - cpu,
                "cpu_children": kids.ru_utime + kids.ru_stime,
                "rss_self_mib": me.ru_maxrss / 1024,
                "rss_children_mib": kids.ru_maxrss / 1024,
                "name": scan.fields.name.value,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
