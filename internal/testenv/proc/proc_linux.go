package proc

import "syscall"

// dieWithParent makes the kernel kill the server when the test process dies.
func dieWithParent(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
