import { makeStyles } from '@material-ui/core/styles';
import { splitAwsTokens } from './awsTokens';

const useStyles = makeStyles({
  // One line, whole: on a card narrower than an image URI the token is cut with an ellipsis
  // (its full text in the title) rather than split; ids of 8-32 digits always fit.
  token: {
    display: 'inline-block',
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    verticalAlign: 'bottom',
  },
});

/** One id, ARN or image URI that stays on one line. */
export function AwsId(props: { children: string }) {
  const classes = useStyles();
  return (
    <span className={classes.token} title={props.children} data-aws-token="">
      {props.children}
    </span>
  );
}

/**
 * Text from a report (a verdict, a finding, a fix) with every AWS id, ARN, image URI, region
 * and AZ in it kept on one line; the words around them wrap as usual.
 */
export function AwsText(props: { text: string }) {
  return (
    <>
      {splitAwsTokens(props.text).map((piece, index) =>
        piece.token ? <AwsId key={index}>{piece.text}</AwsId> : piece.text,
      )}
    </>
  );
}
