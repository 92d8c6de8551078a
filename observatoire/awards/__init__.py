"""The #Hashtags awards: editions, categories, dossiers, nominations, jury, medals, palmarès."""
