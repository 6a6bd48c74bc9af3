"""kg: news articles to a knowledge graph of people, organizations, testimonies and statistics.

Every fact is tied to the exact words that support it. The stages are modules: ``documents`` -> ``extract`` ->
``facts`` -> ``build`` -> ``store`` -> ``sparql`` / ``network`` / ``validate`` / ``serve``; ``cli`` sits on top.
"""

__version__ = "0.1.0"
