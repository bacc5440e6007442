package locallambda.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Loads CloudFormation YAML: short tags (!Ref, !Sub, !GetAtt ...) become their long form ({"Ref": x}, {"Fn::Sub": x}). */
public final class CfnYaml {
    private static final String[] FN_TAGS = {
        "Sub",
        "GetAtt",
        "Join",
        "If",
        "Equals",
        "Not",
        "And",
        "Or",
        "Select",
        "Split",
        "FindInMap",
        "GetAZs",
        "ImportValue",
        "Base64",
        "Cidr",
        "Transform",
        "ToJsonString",
        "Length"
    };

    private CfnYaml() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> load(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(50 * 1024 * 1024);
        Object doc = new Yaml(new Constructor(options)).load(text);
        if (!(doc instanceof Map)) {
            throw new IllegalArgumentException("template is not a YAML/JSON mapping");
        }
        return (Map<String, Object>) doc;
    }

    private static final class Constructor extends SafeConstructor {
        Constructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref", false));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition", false));
            for (String fn : FN_TAGS) {
                yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn, fn.equals("GetAtt")));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;
            private final boolean splitDotted;

            Intrinsic(String key, boolean splitDotted) {
                this.key = key;
                this.splitDotted = splitDotted;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode s) {
                    value = s.getValue();
                    if (splitDotted) {
                        String v = s.getValue();
                        int dot = v.indexOf('.');
                        value = dot < 0 ? List.of(v) : List.of(v.substring(0, dot), v.substring(dot + 1));
                    }
                } else if (node instanceof SequenceNode seq) {
                    List<Object> list = new ArrayList<>();
                    for (Node n : seq.getValue()) {
                        list.add(constructObject(n));
                    }
                    value = list;
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(key, value);
                return m;
            }
        }
    }
}
