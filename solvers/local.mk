# solvers/: the trainers (trainlm, traingd, traingdm), the clm_train driver,
# training parameters and record, and the CPU linear-solver backend.
noinst_HEADERS += solvers/linsolver.h solvers/trainer.h solvers/jtj.h solvers/chol.h solvers/tile_kernels.h solvers/pool.h
libclm_core_la_SOURCES += solvers/train.c solvers/trainparam.c solvers/record.c \
	solvers/trainlm.c solvers/traingd.c solvers/traingdm.c \
	solvers/linsolver.c solvers/linsolver_cpu.c solvers/jtj.c solvers/chol.c solvers/pool.c
