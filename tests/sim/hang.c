/* Never exits: the simulator runner must stop it at its timeout and say so. */
int main(void)
{
    for (volatile unsigned spin = 0;; ++spin) {
    }
}
