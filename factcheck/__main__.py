from factcheck.cli import main

if __name__ == "__main__":  # python -m factcheck
    raise SystemExit(main())
