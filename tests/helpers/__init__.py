"""What several test modules share: plan trees, git repositories, hostile file systems."""
