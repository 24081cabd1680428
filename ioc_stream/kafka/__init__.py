"""The Kafka shells around the pure core: broker, topics, worker, producers."""
