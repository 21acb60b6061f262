"""空岗: empty posts found by the scheduler's checks, explained by the officer and closed by the leader."""
