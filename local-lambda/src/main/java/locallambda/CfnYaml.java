package locallambda;

import java.util.Map;

/**
 * The old name of {@link locallambda.template.CfnYaml}, kept while kit-checks imports it from here (its module belongs
 * to another change). Delete this class once kit-checks imports {@code locallambda.template.CfnYaml}.
 */
@Deprecated
public final class CfnYaml {
    private CfnYaml() {
    }

    public static Map<String, Object> load(String text) {
        return locallambda.template.CfnYaml.load(text);
    }
}
