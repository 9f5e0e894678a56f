// Each test here loads the machine on purpose: running them side by side would measure the tests, not the host.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
