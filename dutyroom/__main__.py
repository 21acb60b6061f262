import sys

from dutyroom.entry import main

sys.exit(main())
