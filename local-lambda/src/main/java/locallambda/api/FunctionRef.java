package locallambda.api;

/**
 * The function a Lambda API path names, as Lambda reads it: a name, a full ARN or a partial "name:qualifier"; a qualifier
 * in the name wins over the Qualifier query parameter. Pure (the qualifier's syntax is ParameterValidation's).
 *
 * @param name the function's name
 * @param qualifier $LATEST, a version or an alias, or null
 */
record FunctionRef(String name, String qualifier) {
    /** From the path's decoded name segment and the Qualifier query parameter (or null). */
    static FunctionRef parse(String nameSegment, String queryQualifier) {
        String name = nameSegment;
        String qualifier = queryQualifier;
        if (name.startsWith("arn:")) {
            int i = name.indexOf(":function:");
            name = i < 0 ? name : name.substring(i + 10);
        }
        int colon = name.indexOf(':');
        if (colon > 0) {
            qualifier = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        return new FunctionRef(name, qualifier);
    }
}
