// The analysis parts the `.security` index mappings name (`email` analyzer) that the integ-test-zip
// distribution lacks: it ships without the analysis-common module, so without this plugin
// Elasticsearch cannot create the security index, hence no API keys, users or roles.
package org.backgroundtasks.analysis;

import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

public class SecurityAnalysisPlugin extends Plugin implements AnalysisPlugin {
  private static TokenFilterFactory filter(
      String name, java.util.function.Function<TokenStream, TokenStream> create) {
    return new TokenFilterFactory() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public TokenStream create(TokenStream input) {
        return create.apply(input);
      }
    };
  }

  @Override
  public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
    return Map.of(
        "pattern_capture",
        (indexSettings, environment, name, settings) -> {
          Pattern[] patterns =
              settings.getAsList("patterns").stream().map(Pattern::compile).toArray(Pattern[]::new);
          boolean preserve = settings.getAsBoolean("preserve_original", true);
          return filter(name, input -> new PatternCaptureGroupTokenFilter(input, preserve, patterns));
        },
        "unique",
        (indexSettings, environment, name, settings) ->
            filter(name, RemoveDuplicatesTokenFilter::new));
  }

  @Override
  public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
    return Map.of(
        "uax_url_email",
        (indexSettings, environment, name, settings) ->
            TokenizerFactory.newFactory(name, UAX29URLEmailTokenizer::new));
  }
}
