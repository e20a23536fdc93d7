// Bounds that keep every transaction far inside Fabric's limits (the orderer's 10 MB block, gRPC messages).

/** Most objects one transaction changes in a batch (DINs added to a pool, donations shipped, units commissioned). */
export const MAX_BATCH = 500;
