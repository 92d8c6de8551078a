"""What works in a post: editorial themes (a readable French lexicon), formats and timing,
hashtags and campaigns, and the accessibility audit of every post."""
