package dev.supabaseops.migrate;

/** {@code applied}: record versions without running them; {@code reverted}: forget them. */
public enum RepairStatus {
    APPLIED, REVERTED
}
