# solvers/: the trainers (trainlm, trainbr, traingd, traingdm, traingda, traingdx,
# trainrp, trainscg), the clm_train driver,
# training parameters and record, and the CPU linear-solver backend.
noinst_HEADERS += solvers/linsolver.h solvers/trainer.h solvers/session.h solvers/gd_trial.h \
	solvers/jtj.h solvers/chol.h solvers/tile_kernels.h solvers/pool.h solvers/lm_core.h solvers/race.h
libclm_core_la_SOURCES += solvers/train.c solvers/session.c solvers/race.c solvers/objective.c solvers/progress.c \
	solvers/checkpoint.c solvers/trainparam.c solvers/registry.c solvers/record.c \
	solvers/trainlm.c solvers/trainbr.c solvers/lm_core.c solvers/traingd.c solvers/traingdm.c \
	solvers/traingda.c solvers/traingdx.c solvers/trainrp.c solvers/trainscg.c solvers/constructors.c \
	solvers/linsolver.c solvers/linsolver_cpu.c solvers/jtj.c solvers/chol.c solvers/pool.c
# The trainers, their parameters and measured cost: doc/trainers.md.
dist_doc_DATA += doc/trainers.md
