"""The engine: drives a network's layers through their kinds and the rules, and returns results.

Never prints; imports geometry, kinds, rules and core."""
