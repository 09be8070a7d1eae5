"""The shared kit of the loglesson scenes: math, parameters, words, look and the scene base."""
