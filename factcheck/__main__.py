from factcheck.cli import main

if __name__ == "__main__":  # not when a spawned process imports the package (factcheck/ui/scoring_process.py)
    raise SystemExit(main())
