from .cli import entrypoint

# Guarded: worker processes started with "spawn" import this module as __mp_main__.
if __name__ == "__main__":
    entrypoint()
