import Umpire
