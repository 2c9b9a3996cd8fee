from herstudy.process import main

main()
