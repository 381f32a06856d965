from wikikg.cli import main

raise SystemExit(main())
