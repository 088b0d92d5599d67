import sys

from dlstudio.cli import main

sys.exit(main())
