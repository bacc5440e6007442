package report;

/** The figures of one technique × variant × memory × architecture × phase (cold or warm). */
public record Cell(
        String technique,
        String variant,
        int memoryMb,
        String architecture,
        String phase,
        String function,
        long codeSize,
        int failures,
        Stats duration,
        Stats init,
        Stats billed,
        Stats maxMemory,
        double costPerInvocation) {

    /** The same measurements under another variant name, for charts that label or group lines their own way. */
    public Cell withVariant(String otherVariant) {
        return new Cell(
                technique,
                otherVariant,
                memoryMb,
                architecture,
                phase,
                function,
                codeSize,
                failures,
                duration,
                init,
                billed,
                maxMemory,
                costPerInvocation);
    }

    public String key() {
        return technique + "/" + variant + "/" + memoryMb + "/" + architecture + "/" + phase;
    }

    public double costPerMillion() {
        return costPerInvocation * 1_000_000;
    }
}
